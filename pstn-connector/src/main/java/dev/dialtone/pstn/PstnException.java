package dev.dialtone.pstn;

/** The SIP connector could not start (port taken, bad address) or was used wrongly. */
public final class PstnException extends Exception {
    private static final long serialVersionUID = 1L;

    public PstnException(String message) {
        super(message);
    }

    public PstnException(String message, Throwable cause) {
        super(message, cause);
    }
}
