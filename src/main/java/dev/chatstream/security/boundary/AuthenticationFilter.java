package dev.chatstream.security.boundary;

import dev.chatstream.problems.control.ProblemException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Lets a request through only when MP-JWT verified its token. A token that fails verification
 * never gets here (the container answers 401 through the error page); this catches a missing one.
 */
@Provider
@Authenticated
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        if (!(request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken)) {
            throw ProblemException.unauthorized("A valid bearer token is required");
        }
    }
}
