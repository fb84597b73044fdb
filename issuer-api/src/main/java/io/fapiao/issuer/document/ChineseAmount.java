package io.fapiao.issuer.document;

/**
 * An amount of money in Chinese capital numerals (大写金额), as invoices print it beside the figures so
 * that a total cannot be altered by a stroke of the pen: {@code 12345.60} yuan is
 * {@code 壹万贰仟叁佰肆拾伍元陆角}, {@code 100.00} is {@code 壹佰元整}. Zeros inside the number are read
 * once ({@code 1005.00} is {@code 壹仟零伍元整}); a red-letter (negative) amount starts with {@code 负}.
 *
 * <pre>{@code
 * String capitals = ChineseAmount.of(invoice.totals().total());   // fen in, 大写 out
 * }</pre>
 */
final class ChineseAmount {
    private static final String DIGITS = "零壹贰叁肆伍陆柒捌玖";
    private static final String[] UNITS = {"", "拾", "佰", "仟"};
    private static final String[] GROUPS = {"", "万", "亿", "万亿"};

    private ChineseAmount() {}

    /** {@code fen} (hundredths of a yuan) in capitals. */
    static String of(long fen) {
        if (fen == Long.MIN_VALUE) {
            throw new IllegalArgumentException("amount out of range");
        }
        String sign = fen < 0 ? "负" : "";
        long abs = Math.abs(fen);
        long yuan = abs / 100;
        int jiao = (int) (abs / 10 % 10);
        int cents = (int) (abs % 10);
        StringBuilder out = new StringBuilder(sign);
        if (yuan > 0) {
            out.append(integer(yuan)).append('元');
        }
        if (jiao == 0 && cents == 0) {
            return yuan == 0 ? sign + "零元整" : out.append('整').toString();
        }
        if (jiao > 0) {
            out.append(DIGITS.charAt(jiao)).append('角');
        } else if (yuan > 0) {
            out.append('零');
        }
        if (cents > 0) {
            out.append(DIGITS.charAt(cents)).append('分');
        }
        return out.toString();
    }

    /** A positive integer in capitals, in groups of four digits (个, 万, 亿). */
    private static String integer(long value) {
        StringBuilder out = new StringBuilder();
        boolean zeroPending = false;
        int group = 0;
        String text = Long.toString(value);
        int groups = (text.length() + 3) / 4;
        for (int g = groups - 1; g >= 0; g--) {
            int digitsOfGroup = (int) (value / pow10(4 * g) % 10_000);
            if (digitsOfGroup == 0) {
                zeroPending = out.length() > 0;
                continue;
            }
            if (zeroPending || out.length() > 0 && digitsOfGroup < 1000) {
                out.append('零');
            }
            zeroPending = false;
            out.append(fourDigits(digitsOfGroup)).append(GROUPS[g]);
            group++;
        }
        return group == 0 ? "零" : out.toString();
    }

    /** 1..9999 in capitals, inner zeros read once, no trailing zero. */
    private static String fourDigits(int value) {
        StringBuilder out = new StringBuilder();
        boolean zero = false;
        boolean started = false;
        for (int position = 3; position >= 0; position--) {
            int digit = (int) (value / pow10(position) % 10);
            if (digit == 0) {
                zero = started;
                continue;
            }
            if (zero) {
                out.append('零');
                zero = false;
            }
            out.append(DIGITS.charAt(digit)).append(UNITS[position]);
            started = true;
        }
        return out.toString();
    }

    private static long pow10(int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= 10;
        }
        return result;
    }
}
