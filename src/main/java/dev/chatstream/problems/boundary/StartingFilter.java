package dev.chatstream.problems.boundary;

import dev.chatstream.platform.Startup;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** While the application is still starting, every request gets a 503 problem with Retry-After, not a 404 or a 500. */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class StartingFilter extends HttpFilter {

    @Inject
    Startup startup;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (startup.serving()) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(503);
        response.setHeader("Retry-After", "1");
        response.setContentType(Problems.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Problems.json(503, Problems.title(503), "The server is starting; try again in a moment",
                Map.of()));
    }
}
