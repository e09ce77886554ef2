package io.tandem.waf.transform;

/**
 * Replaces C-style comments ({@code /* ... *\/}, unterminated ones to the end) with one space, so
 * that {@code document/*x*\/.cookie} and {@code UN/**\/ION} read as the code they are. MySQL
 * executable comments ({@code /*!50000 select *\/}) keep their content, because MySQL runs it.
 * Output never longer than the input.
 */
public final class CommentRemoval implements Transform {

    public static final CommentRemoval INSTANCE = new CommentRemoval();

    private CommentRemoval() {
    }

    @Override
    public String apply(String s) {
        int start = s.indexOf("/*");
        if (start < 0) {
            return s;
        }
        int n = s.length();
        StringBuilder out = new StringBuilder(n);
        int i = 0;
        while (i < n) {
            if (i + 1 < n && s.charAt(i) == '/' && s.charAt(i + 1) == '*') {
                if (i + 2 < n && s.charAt(i + 2) == '!') {
                    int j = i + 3;
                    while (j < n && j - i < 8 && Character.isDigit(s.charAt(j))) {
                        j++;
                    }
                    out.append(' ');
                    i = j;
                    continue;
                }
                int end = s.indexOf("*/", i + 2);
                out.append(' ');
                i = end < 0 ? n : end + 2;
            } else if (i + 1 < n && s.charAt(i) == '*' && s.charAt(i + 1) == '/') {
                // the end of an executable comment whose start was kept
                out.append(' ');
                i += 2;
            } else {
                out.append(s.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "remove-comments";
    }
}
