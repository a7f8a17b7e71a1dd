package io.scalableapi.catalog.rest;

import io.scalableapi.catalog.config.CatalogConfig;
import io.scalableapi.contracts.errors.ProblemType;
import io.scalableapi.defaults.errors.ApiException;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The write-body limit on the bytes actually read: {@link BodySizeLimit} can only see a declared Content-Length, and a
 * chunked body declares none. Reading stops one byte past the limit (the parser never sees more) and the request is a
 * problem+json 413, whatever the parser made of the cut-off body.
 */
@Provider
public class ReadBodyLimit implements ReaderInterceptor {
    // Looked up on first use: REST interceptors are created while the application starts, before config mappings exist.
    private final Instance<CatalogConfig> config;
    private volatile long maxBytes = -1;

    ReadBodyLimit(Instance<CatalogConfig> config) {
        this.config = config;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        long max = maxBytes;
        if (max < 0) {
            max = maxBytes = config.get().http().maxBodyBytes();
        }
        Counting counted = new Counting(context.getInputStream(), max);
        context.setInputStream(counted);
        try {
            return context.proceed();
        } catch (IOException | RuntimeException e) {
            if (counted.exceeded) {
                throw tooLarge(max);
            }
            throw e;
        }
    }

    private static ApiException tooLarge(long max) {
        return new ApiException(ProblemType.PAYLOAD_TOO_LARGE, "The request body is larger than " + max + " bytes");
    }

    /** Fails the read, whoever wraps the failure, once more than {@code max} bytes have come through. */
    static final class Counting extends FilterInputStream {
        private final long max;
        private long seen;
        boolean exceeded;

        Counting(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // Never ask for more than one byte past the limit: that byte is enough to know.
            int n = super.read(buffer, offset, (int) Math.min(length, Math.max(1, max + 1 - seen)));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, Math.max(1, max + 1 - seen)));
            count(skipped);
            return skipped;
        }

        private void count(long n) throws IOException {
            seen += n;
            if (seen > max) {
                exceeded = true;
                throw new IOException("request body larger than " + max + " bytes");
            }
        }
    }
}
