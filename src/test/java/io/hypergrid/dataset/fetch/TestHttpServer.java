package io.hypergrid.dataset.fetch;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** An HTTP server on loopback, port chosen by the system, for the URL source's tests. */
final class TestHttpServer implements AutoCloseable {
    static final String PATH = "/cifar-10-binary.tar.gz";

    private final int port;
    private final AutoCloseable stopper;

    private TestHttpServer(int port, AutoCloseable stopper) {
        this.port = port;
        this.stopper = stopper;
    }

    /** {@code PATH} answers {@code body}; {@code /moved} redirects there; anything else is 404. */
    static TestHttpServer serving(byte[] body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                switch (exchange.getRequestURI().getPath()) {
                    case PATH:
                        exchange.sendResponseHeaders(200, body.length);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(body);
                        }
                        break;
                    case "/moved":
                        exchange.getResponseHeaders().add("Location", PATH);
                        exchange.sendResponseHeaders(302, -1);
                        break;
                    default:
                        exchange.sendResponseHeaders(404, -1);
                }
            }
        });
        server.start();
        return new TestHttpServer(server.getAddress().getPort(), () -> {
            server.stop(0);
            executor.shutdownNow();
        });
    }

    /**
     * Announces {@code body.length} bytes but sends only the first {@code sent}; then closes the connection, or, if
     * {@code stall}, keeps it open and silent until closed.
     */
    static TestHttpServer breakingOff(byte[] body, int sent, boolean stall) throws IOException {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        CountDownLatch closed = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            try (Socket client = socket.accept()) {
                readHeaders(client.getInputStream());
                OutputStream out = client.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, sent);
                out.flush();
                if (stall) {
                    closed.await(30, TimeUnit.SECONDS);
                }
            } catch (IOException | InterruptedException e) {
                // the test is over or the client went away
            }
        }, "test-http-breaking-off");
        thread.setDaemon(true);
        thread.start();
        return new TestHttpServer(socket.getLocalPort(), () -> {
            closed.countDown();
            socket.close();
            thread.join(5000);
        });
    }

    private static void readHeaders(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request ended early");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    URI url() {
        return url(PATH);
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() throws Exception {
        stopper.close();
    }
}
