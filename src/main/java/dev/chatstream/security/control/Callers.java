package dev.chatstream.security.control;

import dev.chatstream.platform.CommaSeparated;
import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.shared.Owner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The caller of a bearer token. A token is verified once; the caller it names is then kept, by
 * the raw token, until the token expires, so that a client's next requests cost a map lookup
 * instead of a parse and an RSA check. The cache is bounded: when full, expired tokens go first,
 * then any.
 */
@ApplicationScoped
public class Callers {

    private static final Logger LOG = Logger.getLogger(Callers.class.getName());
    /** The organisation of tokens that carry no organisation claim (a single-tenant IdP). */
    static final String DEFAULT_ORG = "default";

    private record Cached(Caller caller, long validUntilEpochSecond) {
    }

    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final TokenVerifier verifier;
    private final Clock clock;
    private final int maxEntries;
    private final String orgClaim;
    private final String clearanceClaim;

    @Inject
    public Callers(Config config) {
        this(new TokenVerifier(JwtKeys.configured(config.getOptionalValue("mp.jwt.verify.publickey", String.class).orElse(null),
                        config.getOptionalValue("mp.jwt.verify.publickey.location", String.class).orElse(null), Clock.systemUTC()),
                        new TokenVerifier.Settings(config.getValue("mp.jwt.verify.publickey.algorithm", String.class),
                                config.getOptionalValue("mp.jwt.verify.issuer", String.class),
                                Set.copyOf(CommaSeparated.values(config.getOptionalValue("mp.jwt.verify.audiences", String.class))),
                                config.getValue("mp.jwt.verify.clock.skew", Long.class),
                                config.getOptionalValue("mp.jwt.verify.token.age", Long.class)),
                        Clock.systemUTC()),
                Clock.systemUTC(), config.getValue("CHAT_AUTH_TOKEN_CACHE_ENTRIES", Integer.class),
                config.getValue("CHAT_AUTH_ORG_CLAIM", String.class), config.getValue("CHAT_AUTH_CLEARANCE_CLAIM", String.class));
    }

    public Callers(TokenVerifier verifier, Clock clock, int maxEntries, String orgClaim, String clearanceClaim) {
        this.verifier = verifier;
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.orgClaim = orgClaim;
        this.clearanceClaim = clearanceClaim;
    }

    protected Callers() {
        this(null, null, 0, null, null);
    }

    /** The caller {@code token} names, or 401. */
    public Caller of(String token) {
        long now = clock.instant().getEpochSecond();
        var cached = cache.get(token);
        if (cached != null) {
            if (now <= cached.validUntilEpochSecond()) {
                return cached.caller();
            }
            cache.remove(token, cached);
        }
        TokenVerifier.Verified verified;
        try {
            verified = verifier.verify(token);
        } catch (TokenVerifier.InvalidToken e) {
            LOG.fine(() -> "Bearer token refused: " + e.getMessage());
            throw ProblemException.unauthorized(e.isExpired() ? "The bearer token has expired"
                    : "The bearer token is not valid");
        }
        var caller = caller(verified.claims());
        if (cache.size() >= maxEntries) {
            evict(now);
        }
        cache.put(token, new Cached(caller, verified.validUntilEpochSecond()));
        return caller;
    }

    private void evict(long now) {
        cache.values().removeIf(entry -> entry.validUntilEpochSecond() < now);
        var keys = cache.keySet().iterator();
        while (cache.size() >= maxEntries * 9L / 10 && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }

    /** The caller as the claims describe them; the claim names are configurable for any IdP. */
    Caller caller(JsonObject claims) {
        String subject = Optional.ofNullable(text(claims, "sub")).or(() -> Optional.ofNullable(text(claims, "upn")))
                .orElse(text(claims, "preferred_username"));
        String org = text(claims, orgClaim);
        return new Caller(new Owner(org == null ? DEFAULT_ORG : org, subject), clearance(text(claims, clearanceClaim)),
                inGroup(claims, "admin"),
                new Caller.Profile(first(claims, "name", "given_name"), text(claims, "role"), first(claims, "locale", "language")));
    }

    private static boolean inGroup(JsonObject claims, String group) {
        JsonValue groups = claims.get("groups");
        return groups != null && groups.getValueType() == JsonValue.ValueType.ARRAY && groups.asJsonArray().stream()
                .anyMatch(member -> member instanceof JsonString name && name.getString().equals(group));
    }

    private static String first(JsonObject claims, String name, String fallback) {
        String value = text(claims, name);
        return value != null ? value : text(claims, fallback);
    }

    private static String text(JsonObject claims, String name) {
        var value = claims.get(name);
        if (value instanceof JsonString string) {
            return string.getString();
        }
        return value instanceof JsonNumber number ? number.toString() : null;
    }

    private static int clearance(String claim) {
        try {
            return claim == null ? 0 : Integer.parseInt(claim);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
