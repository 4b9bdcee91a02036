package dev.chatstream.workflows.boundary;

import dev.chatstream.security.boundary.Authenticated;
import dev.chatstream.workflows.control.WorkflowCatalog;
import dev.chatstream.workflows.entity.Workflow;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

@Path("workflows")
@RequestScoped
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowsResource {

    public record Workflows(List<Workflow> workflows) {
    }

    private final WorkflowCatalog catalog;

    @Inject
    public WorkflowsResource(WorkflowCatalog catalog) {
        this.catalog = catalog;
    }

    public WorkflowsResource() {
        this(null);
    }

    @GET
    public Workflows workflows() {
        return new Workflows(catalog.all());
    }
}
