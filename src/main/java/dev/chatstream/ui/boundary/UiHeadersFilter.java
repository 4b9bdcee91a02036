package dev.chatstream.ui.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The pages run only our own code: a Content-Security-Policy that allows this origin alone (no
 * inline script, no inline style, no plug-ins, no framing), so that model output that slipped
 * past the sanitiser still could not run. The scripts and styles the embeddable widget imports
 * into other sites' pages are public files, readable from any origin (module scripts are fetched
 * with CORS).
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class UiHeadersFilter extends HttpFilter {

    static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (isPage(path)) {
            response.setHeader("Content-Security-Policy", PAGE_POLICY);
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("X-Content-Type-Options", "nosniff");
        } else if (isWidgetAsset(path)) {
            response.setHeader("Access-Control-Allow-Origin", "*");
            response.setHeader("X-Content-Type-Options", "nosniff");
        }
        chain.doFilter(request, response);
    }

    /** The UI's pages; /docs (Swagger UI) starts itself with an inline script and keeps its own rules. */
    static boolean isPage(String path) {
        return path.isEmpty() || "/".equals(path) || path.endsWith(".html") && !path.startsWith("/docs/");
    }

    static boolean isWidgetAsset(String path) {
        return "/widget.js".equals(path) || path.startsWith("/ui/") || path.startsWith("/_static/");
    }
}
