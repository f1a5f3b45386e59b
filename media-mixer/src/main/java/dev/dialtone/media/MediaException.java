package dev.dialtone.media;

/** A media resource could not be provided: no free RTP port, an I/O failure, an engine that is closed. */
public final class MediaException extends RuntimeException {
    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
