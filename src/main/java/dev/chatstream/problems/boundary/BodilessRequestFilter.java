package dev.chatstream.problems.boundary;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * A request without a body and without a Content-Type (a bare {@code curl -X POST}) is taken as
 * an empty JSON body, which {@link StrictJsonReader} reads as "no body". Jersey matches such a
 * request to a JSON method as it is; RESTEasy would answer 415.
 */
@Provider
@PreMatching
public class BodilessRequestFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        // the headers first: hasEntity may have to wait for the client's first byte
        if (request.getMediaType() == null && request.getHeaderString("Transfer-Encoding") == null
                && !request.hasEntity()) {
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        }
    }
}
