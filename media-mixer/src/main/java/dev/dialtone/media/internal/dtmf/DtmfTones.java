package dev.dialtone.media.internal.dtmf;

/** The DTMF keypad: row (low group) and column (high group) frequencies, ITU-T Q.23. */
public final class DtmfTones {
    public static final double[] ROWS = {697, 770, 852, 941};
    public static final double[] COLUMNS = {1209, 1336, 1477, 1633};
    private static final char[][] KEYS = {
            {'1', '2', '3', 'A'},
            {'4', '5', '6', 'B'},
            {'7', '8', '9', 'C'},
            {'*', '0', '#', 'D'},
    };

    private DtmfTones() {
    }

    public static char key(int row, int column) {
        return KEYS[row][column];
    }

    /** {row, column} of a digit, or null if it is not a DTMF digit. */
    public static int[] position(char digit) {
        char d = Character.toUpperCase(digit);
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                if (KEYS[r][c] == d) {
                    return new int[] {r, c};
                }
            }
        }
        return null;
    }

    public static boolean isDigit(char c) {
        return position(c) != null;
    }
}
