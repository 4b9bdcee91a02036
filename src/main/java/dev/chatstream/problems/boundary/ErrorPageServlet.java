package dev.chatstream.problems.boundary;

import dev.chatstream.platform.Startup;
import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * Errors the servlet container answers itself, before JAX-RS sees the request (a path outside
 * /api, a method the container refuses), as problem+json too. Declared as the error
 * page in web.xml. It starts last of all servlets (JAX-RS's starts at 1), so its start is the
 * signal that requests are served.
 */
@WebServlet(urlPatterns = "/problem", loadOnStartup = 1000)
public class ErrorPageServlet extends HttpServlet {

    @Inject
    Startup startup;

    @Override
    public void init() {
        startup.servletsStarted();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : response.getStatus();
        response.setStatus(status);
        response.setContentType(Problems.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        if (status == 401) {
            response.setHeader(Problems.CHALLENGE_HEADER, Problems.CHALLENGE);
        }
        response.getWriter().write(Problems.json(status, Problems.title(status), Problems.detail(status), Map.of()));
    }
}
