package dev.chatstream.security.boundary;

import dev.chatstream.problems.boundary.Problems;
import dev.chatstream.security.control.CorsPolicy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * CORS for the API as {@link CorsPolicy} says: preflights answered here, before any resource or
 * token check (a preflight carries no token), and every answer to an allowed origin marked so,
 * errors and streams included.
 */
@Provider
@ApplicationScoped
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String ORIGIN = "Origin";
    private static final String REQUEST_METHOD = "Access-Control-Request-Method";
    /** How long a browser may reuse a preflight's answer, in seconds. */
    static final String MAX_AGE = "600";

    private final CorsPolicy policy;

    @Inject
    public CorsFilter(CorsPolicy policy) {
        this.policy = policy;
    }

    public CorsFilter() {
        this(null);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String origin = request.getHeaderString(ORIGIN);
        if (origin == null || !HttpMethod.OPTIONS.equals(request.getMethod()) || request.getHeaderString(REQUEST_METHOD) == null) {
            return;
        }
        var rules = policy.forPath(request.getUriInfo().getPath(false));
        if (!rules.allows(origin)) {
            request.abortWith(Problems.response(403, "This origin may not call this endpoint"));
            return;
        }
        var preflight = Response.noContent()
                .header("Access-Control-Allow-Methods", rules.allowedMethods())
                .header("Access-Control-Allow-Headers", rules.allowedHeaders())
                .header("Access-Control-Max-Age", MAX_AGE)
                .build();
        allow(preflight.getHeaders(), rules, origin);
        request.abortWith(preflight);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String origin = request.getHeaderString(ORIGIN);
        if (origin == null) {
            return;
        }
        var rules = policy.forPath(request.getUriInfo().getPath(false));
        if (rules.allows(origin)) {
            allow(response.getHeaders(), rules, origin);
            response.getHeaders().putSingle("Access-Control-Expose-Headers", rules.exposedHeaders());
        }
    }

    private static void allow(MultivaluedMap<String, Object> headers, CorsPolicy.Rules rules, String origin) {
        String allowed = rules.allowOrigin(origin);
        headers.putSingle("Access-Control-Allow-Origin", allowed);
        if (!"*".equals(allowed)) {
            headers.putSingle("Vary", ORIGIN);
        }
    }
}
