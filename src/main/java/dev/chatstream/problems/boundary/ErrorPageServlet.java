package dev.chatstream.problems.boundary;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * Errors the servlet container answers itself, before JAX-RS sees the request (a token the
 * MP-JWT mechanism rejects, a path outside /api), as problem+json too. Declared as the error
 * page in web.xml.
 */
@WebServlet("/problem")
public class ErrorPageServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : response.getStatus();
        String detail = switch (status) {
            case 401 -> "A valid bearer token is required";
            case 403 -> "Not allowed";
            case 404 -> "No such resource";
            case 405 -> "Method not allowed here";
            default -> status >= 500 ? "The server could not complete the request" : "The request failed";
        };
        response.setStatus(status);
        response.setContentType(Problems.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.getWriter().write(Problems.json(status, Problems.title(status), detail, Map.of()));
    }
}
