package dev.wharf.oci;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** Where a blob's bytes come from when it is pushed: memory (a config) or a file read as needed (a module). */
sealed interface BlobSource {
    record Bytes(byte[] bytes) implements BlobSource {}

    record File(Path path) implements BlobSource {}

    static BlobSource of(byte[] bytes) {
        return new Bytes(bytes);
    }

    static BlobSource of(Path path) {
        return new File(path);
    }

    /** The whole blob as a request body of {@code size} bytes, reporting bytes as they are sent. */
    default HttpRequest.BodyPublisher publisher(long size, Progress progress) {
        return switch (this) {
            case Bytes b -> {
                progress.advance(b.bytes().length);
                yield HttpRequest.BodyPublishers.ofByteArray(b.bytes());
            }
            case File f ->
                HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> counting(f.path(), progress)), size);
        };
    }

    /** {@code length} bytes from {@code offset}: one chunk of a chunked upload. */
    default byte[] slice(long offset, int length) {
        return switch (this) {
            case Bytes b -> Arrays.copyOfRange(b.bytes(), (int) offset, (int) offset + length);
            case File f -> {
                try (var channel = FileChannel.open(f.path(), StandardOpenOption.READ)) {
                    var buffer = ByteBuffer.allocate(length);
                    while (buffer.hasRemaining()) {
                        if (channel.read(buffer, offset + buffer.position()) < 0) {
                            throw new OciException(
                                    OciException.Reason.LOCAL_IO,
                                    f.path() + ": the file shrank while it was being pushed");
                        }
                    }
                    yield buffer.array();
                } catch (IOException e) {
                    throw new OciException(
                            OciException.Reason.LOCAL_IO, f.path() + ": cannot read: " + e.getMessage(), e);
                }
            }
        };
    }

    private static InputStream counting(Path path, Progress progress) {
        try {
            return new FilterInputStream(Files.newInputStream(path)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        progress.advance(n);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
