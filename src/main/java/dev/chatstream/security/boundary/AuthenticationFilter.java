package dev.chatstream.security.boundary;

import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.security.control.Callers;
import dev.chatstream.security.control.CurrentCaller;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Lets a request through only with a valid bearer token, from the header (or cookie) that
 * {@code mp.jwt.token.header} names, as MP-JWT reads it, or on a {@link TokenInQuery} GET from
 * the {@code access_token} query parameter. Nothing here logs or echoes a token.
 */
@Provider
@ApplicationScoped
@Authenticated
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";
    static final String ACCESS_TOKEN = "access_token";

    @Context
    ResourceInfo resource;

    private final Callers callers;
    private final CurrentCaller current;
    private final String header;
    private final String cookie;

    @Inject
    public AuthenticationFilter(Callers callers, CurrentCaller current,
                                @ConfigProperty(name = "mp.jwt.token.header") String header,
                                @ConfigProperty(name = "mp.jwt.token.cookie") String cookie) {
        this.callers = callers;
        this.current = current;
        this.header = header;
        this.cookie = cookie;
    }

    public AuthenticationFilter() {
        this(null, null, null, null);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String token = token(request);
        if (token == null || token.isBlank()) {
            throw ProblemException.unauthorized("A valid bearer token is required");
        }
        current.set(callers.of(token.trim()));
    }

    private String token(ContainerRequestContext request) {
        String presented = presented(request);
        if (presented == null && HttpMethod.GET.equals(request.getMethod())
                && resource.getResourceMethod().isAnnotationPresent(TokenInQuery.class)) {
            return request.getUriInfo().getQueryParameters().getFirst(ACCESS_TOKEN);
        }
        return presented;
    }

    private String presented(ContainerRequestContext request) {
        if (HttpHeaders.COOKIE.equalsIgnoreCase(header)) {
            Cookie value = request.getCookies().get(cookie);
            return value == null ? null : value.getValue();
        }
        String value = request.getHeaderString(header);
        return value != null && value.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? value.substring(BEARER.length()) : null;
    }
}
