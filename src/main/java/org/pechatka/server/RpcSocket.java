package org.pechatka.server;

import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.pechatka.protocol.Connection;
import org.pechatka.protocol.ProtocolService;

/**
 * One page's WebSocket: each text frame is a request, answered on a worker thread (a request may
 * wait minutes for the person while others are answered). The connection may idle out only when no
 * request is in progress. Binary frames are refused.
 */
public final class RpcSocket implements Session.Listener.AutoDemanding {

    private static final System.Logger LOG = System.getLogger(RpcSocket.class.getName());
    private static final int MAX_IN_FLIGHT = 16;

    private final String origin;
    private final ProtocolService service;
    private final ExecutorService workers;
    private final Runnable onClose;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object sendLock = new Object();
    private volatile Session session;
    private volatile Connection connection;

    RpcSocket(String origin, ProtocolService service, ExecutorService workers, Runnable onClose) {
        this.origin = origin;
        this.service = service;
        this.workers = workers;
        this.onClose = onClose;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        this.connection = service.open(origin, this::send);
        session.addIdleTimeoutListener(timeout -> inFlight.get() == 0);
    }

    @Override
    public void onWebSocketText(String message) {
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
