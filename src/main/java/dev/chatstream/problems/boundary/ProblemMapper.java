package dev.chatstream.problems.boundary;

import dev.chatstream.problems.control.ProblemException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

@Provider
public class ProblemMapper implements ExceptionMapper<ProblemException> {

    @Override
    public Response toResponse(ProblemException problem) {
        return Problems.response(problem.status(), Problems.title(problem.status()), problem.getMessage(),
                problem.retryAfterSeconds(), problem.extensions());
    }
}
