-- A public collection is found by its slug alone (the widget has no token, so no organisation):
-- public_slug is the slug while the collection is public, and unique, so that one slug names one
-- collection across organisations. Where two organisations had published the same slug, the
-- earlier keeps it and the later becomes private.
ALTER TABLE kb_collection ADD COLUMN public_slug VARCHAR(200);

UPDATE kb_collection SET is_public = FALSE
WHERE is_public AND EXISTS (
    SELECT 1 FROM kb_collection earlier
    WHERE earlier.is_public AND earlier.slug = kb_collection.slug
      AND (earlier.created_at < kb_collection.created_at
           OR (earlier.created_at = kb_collection.created_at AND earlier.id < kb_collection.id)));

UPDATE kb_collection SET public_slug = slug WHERE is_public;

ALTER TABLE kb_collection ADD CONSTRAINT kb_collection_public_slug UNIQUE (public_slug);
