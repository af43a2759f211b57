package org.pechatka.server;

import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.pechatka.protocol.Connection;
import org.pechatka.protocol.ProtocolService;

/**
 * One page's WebSocket: each text frame is a request, answered on a worker thread (a request may
 * wait minutes for the person while others are answered). The connection may idle out only when no
 * request is in progress. Binary frames are refused. A site that is no longer trusted (removed in
 * Settings while connected) is closed with 1008: by the endpoint at the change, and again by the
 * check before every message, so nothing it sends afterwards is answered.
 */
public final class RpcSocket implements Session.Listener.AutoDemanding {

    private static final System.Logger LOG = System.getLogger(RpcSocket.class.getName());
    private static final int MAX_IN_FLIGHT = 16;

    private final String origin;
    private final ProtocolService service;
    private final ExecutorService workers;
    private final Predicate<String> trusted;
    private final Runnable onClose;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object sendLock = new Object();
    private volatile Session session;
    private volatile Connection connection;

    RpcSocket(String origin, ProtocolService service, ExecutorService workers, Predicate<String> trusted,
            Runnable onClose) {
        this.origin = origin;
        this.service = service;
        this.workers = workers;
        this.trusted = trusted;
        this.onClose = onClose;
    }

    /** The normalised origin of the page. */
    String origin() {
        return origin;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        this.connection = service.open(origin, this::send);
        session.addIdleTimeoutListener(timeout -> inFlight.get() == 0);
        if (!trusted.test(origin)) {
            refuse(); // removed between the upgrade and now
        }
    }

    /** Closes the connection because its site is no longer trusted (1008 policy violation). */
    void refuse() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close(StatusCode.POLICY_VIOLATION, "Origin no longer trusted", Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketText(String message) {
        if (!trusted.test(origin)) {
            refuse();
            return;
        }
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            send("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":"
                    + "\"Too many requests in progress on this connection\",\"data\":{\"reason\":\"INVALID_REQUEST\"}}}");
            return;
        }
        workers.execute(() -> {
            try {
                send(service.handle(connection, message));
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        callback.succeed();
        session.close(StatusCode.BAD_DATA, "Text frames only", Callback.NOOP);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "WebSocket error: {0}", cause.toString());
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        callback.succeed();
        if (closed.compareAndSet(false, true)) {
            Connection c = connection;
            if (c != null) {
                service.close(c);
            }
            onClose.run();
        }
    }

    /** Sends one message; sends are serialised per connection. */
    private void send(String text) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            return;
        }
        synchronized (sendLock) {
            Callback.Completable done = new Callback.Completable();
            s.sendText(text, done);
            try {
                done.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.log(System.Logger.Level.DEBUG, "send failed: {0}", e.toString());
            }
        }
    }
}
