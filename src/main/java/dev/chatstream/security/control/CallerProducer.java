package dev.chatstream.security.control;

import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.shared.Owner;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Reads the caller from the verified token; the claim names are configurable for any IdP. */
@RequestScoped
public class CallerProducer {

    /** The organisation of tokens that carry no organisation claim (a single-tenant IdP). */
    static final String DEFAULT_ORG = "default";

    private final JsonWebToken token;
    private final String orgClaim;
    private final String clearanceClaim;

    @Inject
    public CallerProducer(JsonWebToken token,
                          @ConfigProperty(name = "CHAT_AUTH_ORG_CLAIM") String orgClaim,
                          @ConfigProperty(name = "CHAT_AUTH_CLEARANCE_CLAIM") String clearanceClaim) {
        this.token = token;
        this.orgClaim = orgClaim;
        this.clearanceClaim = clearanceClaim;
    }

    protected CallerProducer() {
        this(null, null, null);
    }

    /** Dependent, so each request-scoped resource gets the caller of its own request. */
    @Produces
    public Caller caller() {
        if (token == null || token.getRawToken() == null || token.getSubject() == null) {
            throw ProblemException.unauthorized("A valid bearer token is required");
        }
        Object org = token.getClaim(orgClaim);
        String orgId = org == null ? DEFAULT_ORG : unquote(org.toString());
        var groups = token.getGroups();
        return new Caller(new Owner(orgId, token.getSubject()), clearance(token.getClaim(clearanceClaim)),
                groups != null && groups.contains("admin"),
                new Caller.Profile(claim("name", "given_name"), claim("role", null), claim("locale", "language")));
    }

    private String claim(String name, String fallback) {
        Object value = token.getClaim(name);
        if (value == null && fallback != null) {
            value = token.getClaim(fallback);
        }
        return value == null ? null : unquote(value.toString());
    }

    private static int clearance(Object claim) {
        if (claim == null) {
            return 0;
        }
        try {
            return Integer.parseInt(unquote(claim.toString()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Claims may arrive as JSON values, whose string form keeps the quotes. */
    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
