package dev.wharf.oci;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A listener on this machine's non-loopback address that records who connected and what they sent
 * first, then hangs up: the witness that a refused plain-HTTP request never left the client.
 */
public final class Loopless implements AutoCloseable {
    private final ServerSocket socket;
    private final List<byte[]> firstBytes = Collections.synchronizedList(new ArrayList<>());
    private final Thread acceptor;

    private Loopless(InetAddress address) throws IOException {
        socket = new ServerSocket();
        socket.bind(new InetSocketAddress(address, 0));
        acceptor = Thread.ofPlatform().daemon().start(this::acceptLoop);
    }

    /** This machine's first non-loopback IPv4 address, if it has one. */
    public static Optional<InetAddress> localNonLoopbackAddress() throws SocketException {
        for (var nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (var address : Collections.list(nif.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }

    public static Loopless listen(InetAddress address) throws IOException {
        return new Loopless(address);
    }

    /** `ADDRESS:PORT`. */
    public String host() {
        return socket.getInetAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    public int connections() {
        return firstBytes.size();
    }

    public List<byte[]> firstBytes() {
        return List.copyOf(firstBytes);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (var client = socket.accept()) {
                client.setSoTimeout(2000);
                var buf = new byte[16];
                int n;
                try {
                    n = client.getInputStream().read(buf);
                } catch (SocketTimeoutException e) {
                    n = 0;
                }
                firstBytes.add(n <= 0 ? new byte[0] : Arrays.copyOf(buf, n));
            } catch (IOException e) {
                // closed: done
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
