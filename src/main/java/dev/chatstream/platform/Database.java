package dev.chatstream.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.hibernate.search.engine.cfg.spi.EngineSpiSettings;

/**
 * The application's database: a connection pool configured from MicroProfile Config, the schema
 * migrated by Flyway, Hibernate (JPA) on top, and Hibernate Search keeping the chunks' search
 * index in {@code CHAT_INDEX_DIR} in step with each commit.
 *
 * <p>Why not a container data source with JTA: a container data source cannot read the WAR's
 * MicroProfile Config defaults (DB_URL must work from microprofile-config.properties), and runs
 * finish on non-container threads where JTA has no context. Resource-local transactions with
 * {@link #inTransaction} work the same on Payara, WildFly and any thread.
 */
@ApplicationScoped
public class Database {

    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    private final HikariDataSource dataSource;
    private final SessionFactory sessionFactory;
    private final GroupCommit groupCommit;

    @Inject
    public Database(@ConfigProperty(name = "DB_URL") String url,
                    @ConfigProperty(name = "DB_USER") String user,
                    @ConfigProperty(name = "DB_PASSWORD") String password,
                    @ConfigProperty(name = "DB_POOL_SIZE") int poolSize,
                    @ConfigProperty(name = "CHAT_INDEX_DIR") String indexDir,
                    @Any Instance<MappedEntities> mapped) {
        this(url, user, password, poolSize, indexDir, ManagedThreads.lookup(), mapped.stream().toList());
    }

    /**
     * Outside a container (the benchmark), with Hibernate Search's own threads.
     *
     * @param mapped every capability's entities; without persistence.xml Hibernate is told them here
     */
    public Database(String url, String user, String password, int poolSize, String indexDir, ManagedThreads threads,
                    List<MappedEntities> mapped) {
        this.dataSource = pool(url, user, password, poolSize);
        migrate(dataSource, url);
        this.sessionFactory = hibernate(dataSource, mapped, indexDir, threads);
        this.groupCommit = new GroupCommit(sessionFactory);
        LOG.info(() -> "Database ready: " + dataSource.getJdbcUrl().replaceAll(";.*", ""));
    }

    /** For CDI's client proxy only. */
    protected Database() {
        this.dataSource = null;
        this.sessionFactory = null;
        this.groupCommit = null;
    }

    /** Opens the database when the application starts rather than on the first request. */
    void onStart(@Observes @Priority(Startup.ORDER + 100) Startup.Starting event) {
        sessionFactory.getClass();
    }

    public void inTransaction(Consumer<Session> work) {
        sessionFactory.inTransaction(work);
    }

    public <R> R fromTransaction(Function<Session, R> work) {
        return sessionFactory.fromTransaction(work);
    }

    /**
     * The same for a short write that may share its transaction with other callers' (see
     * {@link GroupCommit}): it must not wait for locks, and a work that throws is undone alone.
     */
    public <R> R fromSharedTransaction(Function<Session, R> work) {
        return groupCommit.run(work);
    }

    /** True when the database answers a trivial query. */
    public boolean answers() {
        try (var connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }

    @PreDestroy
    public void close() {
        sessionFactory.close();
        dataSource.close();
    }

    private static HikariDataSource pool(String url, String user, String password, int poolSize) {
        var config = new HikariConfig();
        config.setJdbcUrl(h2RelativePath(url));
        // inside a server, DriverManager does not see drivers in the WAR: name the ones we bundle
        if (url.startsWith("jdbc:postgresql:")) {
            config.setDriverClassName("org.postgresql.Driver");
        } else if (url.startsWith("jdbc:h2:")) {
            config.setDriverClassName("org.h2.Driver");
        }
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("chatstream");
        return new HikariDataSource(config);
    }

    /** H2 refuses a bare relative path ("data/x"); CHAT_DATA_DIR may well be one, so it gets its "./". */
    static String h2RelativePath(String url) {
        String prefix = "jdbc:h2:file:";
        if (!url.startsWith(prefix)) {
            return url;
        }
        String path = url.substring(prefix.length());
        boolean anchored = path.startsWith("/") || path.startsWith("./") || path.startsWith("../") || path.startsWith("~")
                || path.matches("^[A-Za-z]:.*");
        return anchored ? url : prefix + "./" + path;
    }

    /** The shared migrations, and on H2 also its own (db/vendor/h2); their versions never overlap. */
    private static void migrate(HikariDataSource dataSource, String url) {
        var locations = url.startsWith("jdbc:h2:") ? new String[] {"classpath:db/migration", "classpath:db/vendor/h2"}
                : new String[] {"classpath:db/migration"};
        var result = Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations(locations)
                .load()
                .migrate();
        LOG.info(() -> "Schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted + " migrations applied)");
    }

    private static SessionFactory hibernate(HikariDataSource dataSource, List<MappedEntities> mapped, String indexDir,
                                            ManagedThreads threads) {
        var configuration = new Configuration();
        mapped.forEach(unit -> unit.entities().forEach(configuration::addAnnotatedClass));
        configuration.getProperties().put(AvailableSettings.DATASOURCE, dataSource);
        configuration.setProperty(AvailableSettings.JAKARTA_VALIDATION_MODE, "none");
        configuration.setProperty(AvailableSettings.HBM2DDL_AUTO, "none");
        configuration.setProperty(AvailableSettings.STATEMENT_BATCH_SIZE, "50");
        configuration.setProperty(AvailableSettings.ORDER_UPDATES, "true");
        configuration.setProperty(AvailableSettings.ORDER_INSERTS, "true");
        // no JSON or XML columns: Hibernate would otherwise load Jackson modules by ServiceLoader, which on
        // Payara (the WAR's classes first) also finds Payara's own module for another Jackson
        configuration.setProperty(AvailableSettings.JSON_FORMAT_MAPPER, "jsonb");
        configuration.setProperty(AvailableSettings.XML_FORMAT_MAPPER, "jaxb");
        configuration.setProperty("hibernate.enhancer.enableDirtyTracking", "false");
        configuration.setProperty("hibernate.enhancer.enableLazyInitialization", "false");
        configuration.setProperty("hibernate.search.backend.directory.root", indexDir);
        // pinned, so that a library upgrade cannot analyse questions differently from the indexed text
        configuration.setProperty("hibernate.search.backend.lucene_version", "9.11.1");
        // a commit is searchable when it returns (a deleted document is out of search at once) and durable
        configuration.setProperty("hibernate.search.indexing.plan.synchronization.strategy", "read-sync");
        configuration.setProperty("hibernate.search.backend.io.commit_interval", "0");
        // each ingestion commits a small segment; segments under 64 MB (about 12,000 chunks) count as one
        // level, so they merge ten at a time and a query walks a few vector graphs rather than dozens
        configuration.setProperty("hibernate.search.backend.io.merge.min_size", "64");
        // Payara's exploded WAR has no file system Jandex can open; the entities are listed by each capability anyway
        configuration.setProperty("hibernate.search.mapping.build_missing_discovered_jandex_indexes", "false");
        configuration.setProperty("hibernate.search.mapping.discover_annotated_types_from_root_mapping_annotations", "false");
        mapped.forEach(unit -> unit.settings().forEach(configuration::setProperty));
        if (threads != null) {
            configuration.getProperties().put(EngineSpiSettings.THREAD_PROVIDER, threads);
        }
        return configuration.buildSessionFactory();
    }
}
