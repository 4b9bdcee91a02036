package dev.chatstream.providers.control;

import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.ConnectionPool.MaxMultiplexable;
import org.eclipse.jetty.client.MultiplexConnectionPool;
import org.eclipse.jetty.client.transport.HttpDestination;
import org.eclipse.jetty.util.ConcurrentPool;

/**
 * The connections to one provider: an HTTP/2 connection carries as many streams as the provider's
 * SETTINGS allow, capped at {@code maxStreams}, and an HTTP/1.1 connection one. A burst of
 * requests opens only as many connections as it needs: the pool counts a connection still being
 * opened as room for the streams its predecessors turned out to carry (a TLS handshake each,
 * otherwise: 400 connections for 6,000 streams were measured with the JDK client).
 */
final class ProviderConnectionPool extends MultiplexConnectionPool {

    private final int maxStreams;

    ProviderConnectionPool(Destination destination, int maxConnections, int maxStreams) {
        super(destination,
                () -> new ConcurrentPool<>(ConcurrentPool.StrategyType.FIRST, maxConnections,
                        connection -> streamsOn(connection, maxStreams)),
                // before any connection is up: over TLS ALPN will most likely choose HTTP/2
                ((HttpDestination) destination).isSecure() ? maxStreams : 1);
        this.maxStreams = maxStreams;
    }

    @Override
    protected void onCreated(Connection connection) {
        setInitialMaxMultiplex(streamsOn(connection, maxStreams));
    }

    private static int streamsOn(Connection connection, int maxStreams) {
        return connection instanceof MaxMultiplexable multiplexed
                ? Math.max(1, Math.min(maxStreams, multiplexed.getMaxMultiplex())) : 1;
    }
}
