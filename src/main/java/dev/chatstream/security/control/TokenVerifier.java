package dev.chatstream.security.control;

import dev.chatstream.platform.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a compact JWS as MicroProfile JWT does: the configured algorithm, the signature of a
 * configured key, the issuer, expiry and not-before (with the clock skew), the audience and the
 * token's age when configured, and the claims MP-JWT requires ({@code iss}, {@code iat},
 * {@code exp}, {@code jti}, and {@code upn}, {@code preferred_username} or {@code sub}).
 */
public class TokenVerifier {

    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    private final JwtKeys keys;
    private final Settings settings;
    private final Clock clock;

    /**
     * What MP-JWT's {@code mp.jwt.verify.*} settings say.
     *
     * @param issuer      the required {@code iss}; empty accepts any
     * @param audiences   one of them must be in {@code aud}; empty checks none
     * @param maxAgeSeconds the longest time since {@code iat}; empty checks none
     */
    public record Settings(String algorithm, Optional<String> issuer, Set<String> audiences, long clockSkewSeconds,
                           Optional<Long> maxAgeSeconds) {
    }

    /** A token that passed every check: its claims, and when it stops being valid (skew included). */
    public record Verified(JsonObject claims, long validUntilEpochSecond) {
    }

    public TokenVerifier(JwtKeys keys, Settings settings, Clock clock) {
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
    }

    public Verified verify(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidToken(parts.length == 5 ? "encrypted tokens are not accepted" : "not a compact JWS");
        }
        JsonObject header = json(parts[0]);
        JsonObject claims = json(parts[1]);
        String algorithm = header.getString("alg", "");
        if (!algorithm.equals(settings.algorithm())) {
            throw new InvalidToken("algorithm " + algorithm + " where " + settings.algorithm() + " is configured");
        }
        if (header.containsKey("typ") && !"JWT".equalsIgnoreCase(string(header, "typ"))) {
            throw new InvalidToken("typ is not JWT");
        }
        checkSignature(parts, keys.key(header.getString("kid", null), algorithm));
        return new Verified(claims, checkClaims(claims));
    }

    private void checkSignature(String[] parts, PublicKey key) {
        try {
            var signature = Signature.getInstance(javaAlgorithm(settings.algorithm()));
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(BASE64URL.decode(parts[2]))) {
                throw new InvalidToken("bad signature");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidToken("unverifiable signature");
        }
    }

    /** @return the last second the token is valid in (expiry, or its age limit), skew included */
    private long checkClaims(JsonObject claims) {
        for (String required : new String[] {"iss", "iat", "exp", "jti"}) {
            if (!claims.containsKey(required)) {
                throw new InvalidToken("no " + required + " claim");
            }
        }
        if (!(claims.containsKey("upn") || claims.containsKey("preferred_username") || claims.containsKey("sub"))) {
            throw new InvalidToken("no upn, preferred_username or sub claim");
        }
        if (settings.issuer().isPresent() && !settings.issuer().get().equals(string(claims, "iss"))) {
            throw new InvalidToken("issuer not accepted");
        }
        long now = clock.instant().getEpochSecond();
        long skew = settings.clockSkewSeconds();
        long expires = seconds(claims, "exp");
        if (now > expires + skew) {
            throw InvalidToken.expired();
        }
        if (claims.containsKey("nbf") && now + skew < seconds(claims, "nbf")) {
            throw new InvalidToken("not valid yet");
        }
        long issued = seconds(claims, "iat");
        long validUntil = expires + skew;
        if (settings.maxAgeSeconds().isPresent()) {
            long tooOld = issued + settings.maxAgeSeconds().get() + skew;
            if (now > tooOld) {
                throw InvalidToken.expired();
            }
            validUntil = Math.min(validUntil, tooOld);
        }
        if (!settings.audiences().isEmpty() && !audienceAccepted(claims.get("aud"))) {
            throw new InvalidToken("audience not accepted");
        }
        return validUntil;
    }

    private boolean audienceAccepted(JsonValue audience) {
        if (audience instanceof JsonString single) {
            return settings.audiences().contains(single.getString());
        }
        return audience != null && audience.getValueType() == JsonValue.ValueType.ARRAY
                && audience.asJsonArray().stream().anyMatch(value -> value instanceof JsonString one
                        && settings.audiences().contains(one.getString()));
    }

    private static String javaAlgorithm(String jwsAlgorithm) {
        return switch (jwsAlgorithm) {
            case "RS256" -> "SHA256withRSA";
            case "RS384" -> "SHA384withRSA";
            case "RS512" -> "SHA512withRSA";
            case "ES256" -> "SHA256withECDSAinP1363Format";
            case "ES384" -> "SHA384withECDSAinP1363Format";
            default -> throw new InvalidToken("unsupported algorithm " + jwsAlgorithm);
        };
    }

    private static JsonObject json(String part) {
        try (var reader = Json.JSON_P.createReader(new StringReader(new String(BASE64URL.decode(part), StandardCharsets.UTF_8)))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            throw new InvalidToken("unreadable JSON");
        }
    }

    private static String string(JsonObject object, String name) {
        return object.get(name) instanceof JsonString value ? value.getString() : null;
    }

    private static long seconds(JsonObject claims, String name) {
        if (claims.get(name) instanceof JsonNumber number) {
            return number.longValue();
        }
        throw new InvalidToken(name + " is not a number");
    }

    /** Why a token was refused; the client only learns that it was, and whether it had expired. */
    public static final class InvalidToken extends RuntimeException {
        private final boolean expired;

        public InvalidToken(String reason) {
            this(reason, false);
        }

        private InvalidToken(String reason, boolean expired) {
            super(reason, null, false, false);
            this.expired = expired;
        }

        static InvalidToken expired() {
            return new InvalidToken("expired", true);
        }

        public boolean isExpired() {
            return expired;
        }
    }
}
