package dev.chatstream.knowledge.entity;

import dev.chatstream.shared.Ids;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

@Entity
@Table(name = "kb_collection")
public class KbCollection {

    @Id
    private String id;
    @Column(name = "org_id")
    private String orgId;
    private String slug;
    private String name;
    private String description;
    @Column(name = "is_public")
    private boolean isPublic;
    /** The slug while the collection is public, unique across organisations; null otherwise. */
    @Column(name = "public_slug")
    private String publicSlug;
    @Column(name = "created_at")
    private Instant createdAt;

    protected KbCollection() {
    }

    public KbCollection(String orgId, String slug, String name, String description, boolean isPublic) {
        this.id = Ids.next();
        this.orgId = orgId;
        this.slug = slug;
        this.name = name;
        this.description = description;
        this.isPublic = isPublic;
        this.publicSlug = isPublic ? slug : null;
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public String id() { return id; }
    public String orgId() { return orgId; }
    public String slug() { return slug; }
    public String name() { return name; }
    public String description() { return description; }
    public boolean isPublic() { return isPublic; }
}
