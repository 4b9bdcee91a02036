package dev.chatstream.problems.boundary;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** JAX-RS's own failures (unknown path, wrong method or media type, unreadable body) as problems. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        String detail = switch (status) {
            case 400 -> "The request body is not valid JSON of the expected shape";
            case 404 -> "No such resource";
            case 405 -> "Method not allowed here";
            case 406 -> "None of the accepted media types can be produced";
            case 415 -> "Unsupported media type; send application/json";
            default -> status >= 500 ? "The server could not complete the request" : exception.getMessage();
        };
        return Problems.response(status, detail);
    }
}
