package dev.chatstream.security.boundary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks GET endpoints that a browser's {@code EventSource} opens: it cannot set headers, so the
 * bearer token may come as the {@code access_token} query parameter (RFC 6750 §2.3) instead.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface TokenInQuery {
}
