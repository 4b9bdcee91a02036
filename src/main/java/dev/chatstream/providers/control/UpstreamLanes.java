package dev.chatstream.providers.control;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * JDK HTTP clients, each a lane of at most {@code maxStreams} concurrent requests. Over HTTP/2 a
 * JDK client puts every request to one host on one connection and fails those past the server's
 * SETTINGS_MAX_CONCURRENT_STREAMS (JDK-8225647), so a request takes a lane with room, and a new
 * lane (a new connection) opens when all are full. Over HTTP/1.1 each request has its own
 * connection anyway and the lanes cost nothing.
 */
final class UpstreamLanes {

    /** One client and how many requests it carries now. */
    final class Lane {
        private final HttpClient client;
        private int streams;

        private Lane(HttpClient client) {
            this.client = client;
        }

        HttpClient client() {
            return client;
        }

        /** The request on this lane has ended, however it ended; call once per {@link #acquire()}. */
        void release() {
            synchronized (UpstreamLanes.this) {
                streams--;
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
