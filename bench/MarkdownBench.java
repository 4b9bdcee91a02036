import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI's Markdown rendering while an answer streams, in Debian's headless Chromium: the
 * time of one animation frame at the start, middle and end of a long answer, ours against
 * parsing the whole text every frame. Serves the built WAR's files (target/chatstream, and the
 * libraries from its jars' META-INF/resources) and bench/markdown/.
 */
public class MarkdownBench {

    static final Path WAR = Path.of("target/chatstream");

    public static void main(String[] args) throws Exception {
        var jars = new ArrayList<ZipFile>();
        for (File jar : WAR.resolve("WEB-INF/lib").toFile().listFiles((dir, name) -> name.endsWith(".jar"))) {
            jars.add(new ZipFile(jar));
        }
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = find(path, jars);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", type(path));
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        var service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        var options = new ChromeOptions().setBinary(new File("/usr/bin/chromium")).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--user-data-dir=" + Files.createTempDirectory("bench-chromium"));
        var driver = new ChromeDriver(service, options);
        try {
            driver.get("http://127.0.0.1:" + server.getAddress().getPort() + "/bench/markdown/index.html");
            var js = (JavascriptExecutor) driver;
            new WebDriverWait(driver, Duration.ofMinutes(10)).until(d -> js.executeScript("return window.benchResults") != null);
            @SuppressWarnings("unchecked")
            var results = (List<Map<String, Object>>) js.executeScript("return window.benchResults");
            System.out.printf("%-22s %8s %7s %11s %11s %11s %11s %10s%n", "renderer", "chars", "frames",
                    "first p50", "middle p50", "last p50", "last p99", "total");
            for (var row : results) {
                if (!row.containsKey("frames")) {
                    System.out.println(row.get("label"));
                    continue;
                }
                System.out.printf("%-22s %8d %7d %8.2f ms %8.2f ms %8.2f ms %8.2f ms %7.0f ms%n", row.get("label"),
                        ((Number) row.get("chars")).longValue(), ((Number) row.get("frames")).longValue(),
                        number(row, "firstTenthP50"), number(row, "middleTenthP50"), number(row, "lastTenthP50"),
                        number(row, "lastTenthP99"), number(row, "totalMs"));
            }
            System.out.println("(one frame = 5 tokens of ~4 characters; first/middle/last: the frames of that tenth of the answer)");
        } finally {
            driver.quit();
            server.stop(0);
        }
    }

    static double number(Map<String, Object> row, String name) {
        return ((Number) row.get(name)).doubleValue();
    }

    static byte[] find(String path, List<ZipFile> jars) throws IOException {
        Path own = path.startsWith("/bench/") ? Path.of(path.substring(1)) : WAR.resolve(path.substring(1));
        if (Files.isRegularFile(own)) {
            return Files.readAllBytes(own);
        }
        for (ZipFile jar : jars) {
            var entry = jar.getEntry("META-INF/resources" + path);
            if (entry != null) {
                try (InputStream in = jar.getInputStream(entry)) {
                    return in.readAllBytes();
                }
            }
        }
        return null;
    }

    static String type(String path) {
        if (path.endsWith(".js") || path.endsWith(".mjs")) return "text/javascript";
        if (path.endsWith(".css")) return "text/css";
        return path.endsWith(".html") ? "text/html" : "application/octet-stream";
    }
}
