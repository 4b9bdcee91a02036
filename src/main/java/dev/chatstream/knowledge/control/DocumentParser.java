package dev.chatstream.knowledge.control;

import dev.chatstream.knowledge.control.Chunker.Section;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * Turns plain text, Markdown, HTML and PDF into sections under their heading paths. A table row
 * becomes a paragraph of its own that names its columns ("method and path: POST /x; answer:
 * 202"), so that a chunk holding it still says what its cells are; a plain text's or PDF's
 * heading lines ("Chapter 2. Connecting a printer", a short line without a full stop before
 * text) open sections as Markdown headings do.
 */
public final class DocumentParser {

    public static final List<String> TYPES = List.of("text/plain", "text/markdown", "text/html", "application/pdf");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n\\s*\\n");
    private static final String SEPARATOR = " › ";
    private static final Pattern TABLE_ROW = Pattern.compile("^\\s*\\|.*\\|\\s*$");
    private static final Pattern TABLE_RULE = Pattern.compile("^\\s*\\|?[\\s:|-]*-[\\s:|-]*$");
    /** A line that heads what follows: short, no closing punctuation, a capital or a number first. */
    private static final Pattern PLAIN_HEADING = Pattern.compile("^(?:(?:Chapter|Section|Part)\\s+\\d+[.:]?\\s+.*|\\d+(?:\\.\\d+)*\\.?\\s+\\p{Lu}.*|\\p{Lu}[^.!?:;,]*)$");
    private static final int MAX_HEADING_WORDS = 8;
    /** A code span: a run of backticks, its content, the same run again. */
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern LINK = Pattern.compile("!?\\[([^]]*)]\\([^)]*\\)");
    /** Emphasis marks where they open or close a word, not inside one (snake_case). */
    private static final Pattern EMPHASIS = Pattern.compile("(?<![\\p{L}\\p{N}])[*_]{1,3}(?=\\S)|(?<=\\S)[*_]{1,3}(?![\\p{L}\\p{N}])");

    private DocumentParser() {
    }

    /** The content type a client named, or the one its file name implies; null when unsupported. */
    public static String type(String declared, String fileName) {
        String type = declared == null ? "" : declared.toLowerCase(Locale.ROOT).split(";")[0].trim();
        if (TYPES.contains(type)) {
            return type;
        }
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".pdf")) return "application/pdf";
        if (name.endsWith(".md") || name.endsWith(".markdown")) return "text/markdown";
        if (name.endsWith(".html") || name.endsWith(".htm")) return "text/html";
        if (name.endsWith(".txt") || type.isEmpty() || type.equals("application/octet-stream")) return "text/plain";
        return null;
    }

    public static List<Section> parse(String type, byte[] content, String title) throws IOException {
        return switch (type) {
            case "text/markdown" -> markdown(text(content), title);
            case "text/html" -> html(text(content), title);
            case "application/pdf" -> plain(pdf(content), title);
            default -> plain(text(content), title);
        };
    }

    private static String text(byte[] content) {
        return new String(content, StandardCharsets.UTF_8);
    }

    private static List<Section> plain(String text, String title) {
        var sections = new ArrayList<Section>();
        var body = new StringBuilder();
        String current = title;
        String[] lines = text.replace("\r\n", "\n").split("\n");
        String top = title;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            String next = nextLine(lines, i);
            if (!isPlainHeading(line) || next == null) {
                body.append(line).append('\n');
            } else if (isPlainHeading(next)) {
                // a heading over headings, before any text: the document's own title, over every section
                if (body.toString().isBlank() && top.equals(title)) {
                    top = title + SEPARATOR + line;
                    current = top;
                } else {
                    body.append(line).append('\n');
                }
            } else {
                add(sections, current, body);
                current = top + SEPARATOR + line;
            }
        }
        add(sections, current, body);
        return sections;
    }

    /** The next line with text after line {@code i}, or null: a page break may leave blank lines between. */
    private static String nextLine(String[] lines, int i) {
        for (int j = i + 1; j < lines.length; j++) {
            if (!lines[j].isBlank()) {
                return lines[j].strip();
            }
        }
        return null;
    }

    private static boolean isPlainHeading(String line) {
        return !line.isEmpty() && Chunker.words(line) <= MAX_HEADING_WORDS && PLAIN_HEADING.matcher(line).matches();
    }

    private static List<String> paragraphs(String text) {
        var paragraphs = new ArrayList<String>();
        for (String block : BLANK_LINES.split(text.replace("\r\n", "\n"))) {
            String paragraph = block.replaceAll("\\s+", " ").trim();
            if (!paragraph.isEmpty()) {
                paragraphs.add(paragraph);
            }
        }
        return paragraphs;
    }

    private static List<Section> markdown(String text, String title) {
        var sections = new ArrayList<Section>();
        var path = new ArrayList<String>();
        var body = new StringBuilder();
        String current = title;
        boolean inCode = false;
        List<String> columns = null;
        for (String line : text.replace("\r\n", "\n").split("\n")) {
            if (!inCode && TABLE_ROW.matcher(line).matches()) {
                if (columns == null) {
                    columns = cells(line);
                } else if (!TABLE_RULE.matcher(line).matches()) {
                    body.append("\n").append(row(columns, cells(line))).append("\n\n");
                }
                continue;
            }
            columns = null;
            if (line.trim().startsWith("```")) {
                inCode = !inCode;
                body.append('\n');
                continue;
            }
            var heading = HEADING.matcher(line);
            if (!inCode && heading.matches()) {
                add(sections, current, body);
                enter(path, heading.group(1).length(), inline(heading.group(2)));
                current = headingPath(title, path);
            } else {
                body.append(inline(line.replaceFirst("^\\s*([-*+]|\\d+\\.)\\s+", "").replaceFirst("^>\\s?", ""))).append('\n');
            }
        }
        add(sections, current, body);
        return sections;
    }

    private static List<String> cells(String row) {
        String inner = row.strip();
        inner = inner.substring(1, inner.endsWith("|") && inner.length() > 1 ? inner.length() - 1 : inner.length());
        var cells = new ArrayList<String>();
        for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
            cells.add(inline(cell.strip()));
        }
        return cells;
    }

    /** A table row as a sentence that names its columns; empty cells are left out. */
    private static String row(List<String> columns, List<String> cells) {
        var parts = new ArrayList<String>();
        for (int i = 0; i < cells.size(); i++) {
            if (!cells.get(i).isEmpty()) {
                String column = i < columns.size() ? columns.get(i) : "";
                parts.add(column.isEmpty() ? cells.get(i) : column + ": " + cells.get(i));
            }
        }
        return String.join("; ", parts) + ".";
    }

    /**
     * Markdown's inline marks removed: links keep their text, emphasis marks go where they open
     * or close a word (so that snake_case names keep their underscores), and code spans lose
     * their backticks but nothing inside them ({@code bd_live_}, {@code **kwargs} are quoted as
     * written).
     */
    private static String inline(String text) {
        // links first: a link's text may hold a code span ([`mvn verify`](#tests))
        String unlinked = LINK.matcher(text).replaceAll("$1");
        var plain = new StringBuilder();
        var code = CODE_SPAN.matcher(unlinked);
        int start = 0;
        while (code.find()) {
            plain.append(withoutEmphasis(unlinked.substring(start, code.start()))).append(code.group(2));
            start = code.end();
        }
        return plain.append(withoutEmphasis(unlinked.substring(start))).toString();
    }

    private static String withoutEmphasis(String text) {
        return EMPHASIS.matcher(text.replace("`", "")).replaceAll("");
    }

    private static List<Section> html(String text, String title) {
        var document = Jsoup.parse(text);
        var sections = new ArrayList<Section>();
        var path = new ArrayList<String>();
        var body = new StringBuilder();
        String current = title;
        for (Element element : document.body().select("h1, h2, h3, h4, h5, h6, p, li, pre, blockquote, td, th, dd, dt")) {
            String tag = element.tagName();
            if (tag.matches("h[1-6]")) {
                add(sections, current, body);
                enter(path, tag.charAt(1) - '0', element.text());
                current = headingPath(title, path);
            } else if (element.parents().stream().noneMatch(parent -> parent.tagName().matches("p|li|pre|blockquote|td|th|dd|dt"))) {
                body.append(element.text()).append("\n\n");
            }
        }
        add(sections, current, body);
        return sections;
    }

    private static String pdf(byte[] content) throws IOException {
        try (var document = Loader.loadPDF(content)) {
            var stripper = new PDFTextStripper();
            stripper.setParagraphEnd("\n\n");
            return stripper.getText(document);
        }
    }

    /** A heading of {@code level} (1 = top) closes the deeper ones before it. */
    private static void enter(List<String> path, int level, String heading) {
        while (path.size() >= level) {
            path.remove(path.size() - 1);
        }
        while (path.size() < level - 1) {
            path.add("");
        }
        path.add(heading);
    }

    private static String headingPath(String title, List<String> path) {
        var parts = new ArrayList<String>();
        parts.add(title);
        path.stream().filter(part -> !part.isBlank()).forEach(parts::add);
        return String.join(SEPARATOR, parts);
    }

    private static void add(List<Section> sections, String headingPath, StringBuilder body) {
        var paragraphs = paragraphs(body.toString());
        if (!paragraphs.isEmpty()) {
            sections.add(new Section(headingPath, paragraphs));
        }
        body.setLength(0);
    }
}
