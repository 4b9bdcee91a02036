package dev.chatstream.knowledge.boundary;

import dev.chatstream.knowledge.control.KnowledgeService;
import dev.chatstream.knowledge.control.Retrieval;
import dev.chatstream.knowledge.entity.Views.CollectionView;
import dev.chatstream.knowledge.entity.Views.DocumentView;
import dev.chatstream.knowledge.entity.Views.SearchResult;
import dev.chatstream.problems.control.ProblemException;
import dev.chatstream.security.boundary.Authenticated;
import dev.chatstream.security.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The knowledge base per organisation: collections, their documents, search. */
@Path("kb/collections")
@RequestScoped
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class KnowledgeResource {

    public record CreateCollection(String slug, String name, String description, @JsonbProperty("public") Boolean isPublic) {
    }

    public record AddDocument(String title, String url, String content, String contentType, Integer securityLevel) {
    }

    public record OneCollection(CollectionView collection) {
    }

    public record Collections(List<CollectionView> collections) {
    }

    public record OneDocument(DocumentView document) {
    }

    public record Documents(List<DocumentView> documents) {
    }

    public record Results(List<SearchResult> results) {
    }

    private final KnowledgeService knowledge;
    private final Caller caller;
    /** The largest part of a form read, as a JSON body is limited: the file is held in memory until it is read. */
    private final int maxPartBytes;

    @Inject
    public KnowledgeResource(KnowledgeService knowledge, Caller caller, @ConfigProperty(name = "CHAT_MAX_BODY_BYTES") int maxPartBytes) {
        this.knowledge = knowledge;
        this.caller = caller;
        this.maxPartBytes = maxPartBytes;
    }

    public KnowledgeResource() {
        this(null, null, 0);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@NotNull CreateCollection request, @Context UriInfo uri) {
        var collection = knowledge.createCollection(caller, request.slug(), request.name(), request.description(),
                Boolean.TRUE.equals(request.isPublic()));
        return Response.created(uri.getAbsolutePathBuilder().path(collection.slug()).build())
                .entity(new OneCollection(collection)).build();
    }

    @GET
    public Collections collections() {
        return new Collections(knowledge.collections(caller));
    }

    @POST
    @Path("{slug}/documents")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(@PathParam("slug") String slug, @NotNull AddDocument request) {
        var content = request.content() == null ? null : request.content().getBytes(StandardCharsets.UTF_8);
        var document = knowledge.addDocument(caller, slug, new KnowledgeService.NewDocument(request.title(), request.url(),
                request.contentType() == null ? "text/plain" : request.contentType(), null, content,
                request.securityLevel() == null ? 0 : request.securityLevel()));
        return Response.accepted(new OneDocument(document)).build();
    }

    /** The same as a form: {@code file} (text, Markdown, HTML or PDF) and the same fields. */
    @POST
    @Path("{slug}/documents")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@PathParam("slug") String slug, List<EntityPart> parts) {
        var file = part(parts, "file");
        if (file == null) {
            throw ProblemException.badRequest("the form needs a file part");
        }
        String fileName = file.getFileName().orElse(null);
        String title = text(part(parts, "title"));
        String declared = text(part(parts, "contentType"));
        if (declared == null && file.getMediaType() != null) {
            declared = file.getMediaType().toString();
        }
        String level = text(part(parts, "securityLevel"));
        int securityLevel;
        try {
            securityLevel = level == null ? 0 : Integer.parseInt(level.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("securityLevel must be a number");
        }
        var document = knowledge.addDocument(caller, slug, new KnowledgeService.NewDocument(
                title != null ? title : fileName, text(part(parts, "url")), declared, fileName, bytes(file), securityLevel));
        return Response.accepted(new OneDocument(document)).build();
    }

    @GET
    @Path("{slug}/documents")
    public Documents documents(@PathParam("slug") String slug) {
        return new Documents(knowledge.documents(caller, slug));
    }

    @GET
    @Path("{slug}/documents/{id}")
    public OneDocument document(@PathParam("slug") String slug, @PathParam("id") String id) {
        return new OneDocument(knowledge.document(caller, slug, id));
    }

    @DELETE
    @Path("{slug}/documents/{id}")
    public Response delete(@PathParam("slug") String slug, @PathParam("id") String id) {
        knowledge.deleteDocument(caller, slug, id);
        return Response.noContent().build();
    }

    @GET
    @Path("{slug}/search")
    public Results search(@PathParam("slug") String slug, @QueryParam("q") String q,
                          @QueryParam("topK") @DefaultValue("5") int topK,
                          @QueryParam("minScore") @DefaultValue("0.7") double minScore,
                          @QueryParam("mode") @DefaultValue("hybrid") String mode) {
        if (q == null || q.isBlank()) {
            throw ProblemException.badRequest("q must not be blank");
        }
        if (topK < 1 || topK > 50 || minScore < 0 || minScore > 1) {
            throw ProblemException.badRequest("topK must be 1 to 50 and minScore 0 to 1");
        }
        Retrieval.Mode searchMode;
        try {
            searchMode = Retrieval.Mode.valueOf(mode.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("mode must be hybrid, vector or keyword");
        }
        return new Results(knowledge.search(caller, slug, q, topK, minScore, searchMode).stream()
                .map(passage -> new SearchResult(passage.chunkId(), passage.documentId(), passage.title(), passage.url(),
                        passage.text(), passage.score()))
                .toList());
    }

    private static EntityPart part(List<EntityPart> parts, String name) {
        return parts == null ? null : parts.stream().filter(part -> name.equals(part.getName())).findFirst().orElse(null);
    }

    private String text(EntityPart part) {
        return part == null ? null : new String(bytes(part), StandardCharsets.UTF_8);
    }

    /** The part's content, read no further than one byte past the limit (413). */
    private byte[] bytes(EntityPart part) {
        try (var in = part.getContent()) {
            byte[] content = in.readNBytes(maxPartBytes + 1);
            if (content.length > maxPartBytes) {
                throw ProblemException.tooLarge("The form's " + part.getName() + " is larger than " + maxPartBytes + " bytes");
            }
            return content;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
