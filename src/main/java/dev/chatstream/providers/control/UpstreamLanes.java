package dev.chatstream.providers.control;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * JDK HTTP clients, each a lane of at most {@code maxStreams} concurrent requests. Over HTTP/2 a
 * JDK client puts every request to one host on one connection and fails those past the server's
 * SETTINGS_MAX_CONCURRENT_STREAMS (JDK-8225647), so a request takes a lane with room, and a new
 * lane (a new connection) opens when all are full. Over HTTP/1.1 each request has its own
 * connection anyway and the lanes cost nothing.
 *
 * <p>A client asked for many requests to a host it has no connection to yet opens a connection
 * for each (a TLS handshake each, kept open while its stream lasts: 400 connections for 6,000
 * streams measured, against the 60 needed), so on a lane only one request opens the connection
 * to a host and the others wait until it is up.
 */
final class UpstreamLanes {

    /** One client and how many requests it carries now. */
    final class Lane {
        private final HttpClient client;
        private int streams;
        /** Hosts this lane's client may have a connection to: one of its requests reached them. */
        private final Set<String> connected = new HashSet<>();
        /** Requests to hosts whose connection one request is opening, run once it is up. */
        private final Map<String, List<Runnable>> waiting = new HashMap<>();

        private Lane(HttpClient client) {
            this.client = client;
        }

        HttpClient client() {
            return client;
        }

        /**
         * Runs {@code send}, a request to {@code origin}, now if the client has a connection there
         * or none is being opened (then this request opens it); else once {@link #opened} says so.
         */
        void send(String origin, Runnable send) {
            synchronized (UpstreamLanes.this) {
                if (!connected.contains(origin)) {
                    var queue = waiting.get(origin);
                    if (queue != null) {
                        queue.add(send);
                        return;
                    }
                    waiting.put(origin, new ArrayList<>());
                }
            }
            send.run();
        }

        /**
         * The request opening the connection to {@code origin} is past that point: its request went
         * out on it ({@code connected}) or it ended before; the requests waiting for it go now.
         */
        void opened(String origin, boolean connected) {
            List<Runnable> queue;
            synchronized (UpstreamLanes.this) {
                if (connected) {
                    this.connected.add(origin);
                }
                queue = waiting.remove(origin);
            }
            if (queue != null && !queue.isEmpty()) {
                // on the client's executor, not here: this runs on a client thread inside its exchange
                client.executor().orElse(Runnable::run).execute(() -> queue.forEach(Runnable::run));
            }
        }

        /** The request on this lane has ended, however it ended; call once per {@link #acquire()}. */
        void release() {
            synchronized (UpstreamLanes.this) {
                streams--;
                if (streams == 0) {
                    // with nothing in flight the provider may close the connection as idle
                    connected.clear();
                }
            }
        }
    }

    private final Supplier<HttpClient> newClient;
    private final int maxStreams;
    private final List<Lane> lanes = new ArrayList<>();

    UpstreamLanes(Supplier<HttpClient> newClient, int maxStreams) {
        this.newClient = newClient;
        this.maxStreams = maxStreams;
    }

    /** The first lane with room for one more request, opened if none has. */
    synchronized Lane acquire() {
        for (Lane lane : lanes) {
            if (lane.streams < maxStreams) {
                lane.streams++;
                return lane;
            }
        }
        var lane = new Lane(newClient.get());
        lanes.add(lane);
        lane.streams++;
        return lane;
    }

    synchronized int count() {
        return lanes.size();
    }
}
