package dev.chatstream.problems.boundary;

import dev.chatstream.problems.control.Incidents;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.logging.Logger;

/** The last resort: the stack trace goes to the log under an id, the client gets only the id. */
@Provider
public class UnexpectedFailureMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedFailureMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        String incident = Incidents.log(LOG, "Unexpected failure", failure);
        return Problems.response(500, "Internal Server Error",
                "The server could not complete the request (incident " + incident + ")", null,
                Map.of("incident", incident));
    }
}
