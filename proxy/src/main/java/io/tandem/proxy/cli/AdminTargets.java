package io.tandem.proxy.cli;

import io.tandem.proxy.admin.TokenHashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which members an operator verb talks to, and with which token.
 *
 * <ul>
 * <li><b>Members:</b> the {@code --admin} URLs in the order given; without any, the demo pair's,
 *     read from {@code <demo dir>/members} (one admin URL a line, written by {@code ./tandem demo}).</li>
 * <li><b>Token:</b> the first line of {@code --token-file}; else the environment variable
 *     {@value #TOKEN_ENV}; else, for the demo pair only, {@code <demo dir>/admin.token}.</li>
 * </ul>
 * Every problem is a {@link UsageException} whose message names the option or file, the bad value
 * and what was expected; a token is never part of a message.
 *
 * @param members the clients, at least one, in order
 * @param source  where the members came from, for messages: {@code --admin} or the demo directory
 */
public record AdminTargets(List<AdminClient> members, String source) {

    public static final String TOKEN_ENV = "TANDEM_ADMIN_TOKEN";
    /** In the demo directory: one admin URL a line. */
    public static final String MEMBERS_FILE = "members";
    /** In the demo directory: the demo's admin token, mode 600. */
    public static final String TOKEN_FILE = "admin.token";

    public AdminTargets {
        members = List.copyOf(members);
    }

    /** An operator mistake in the options or files; the verbs exit with 2. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param adminUrls the {@code --admin} values, possibly empty
     * @param tokenFile {@code --token-file}, or {@code null}
     * @param demoDir   where the demo keeps {@value #MEMBERS_FILE} and {@value #TOKEN_FILE}
     * @param env       the environment (for {@value #TOKEN_ENV})
     * @throws UsageException for a bad URL, a missing or malformed token, or no members at all
     */
    public static AdminTargets resolve(List<String> adminUrls, Path tokenFile, Path demoDir, Map<String, String> env) {
        boolean demo = adminUrls.isEmpty();
        List<String> urls = demo ? demoMembers(demoDir) : adminUrls;
        String token = token(tokenFile, env).or(() -> demo ? demoToken(demoDir) : Optional.empty())
                .orElseThrow(() -> new UsageException("no admin token (expected: --token-file FILE or the environment "
                        + "variable " + TOKEN_ENV + "; the token's Argon2id hash must be in the members' admin.tokens)"));
        List<AdminClient> clients = new ArrayList<>();
        for (String url : urls) {
            try {
                clients.add(AdminClient.of(url, token));
            } catch (IllegalArgumentException e) {
                throw new UsageException((demo ? demoDir.resolve(MEMBERS_FILE) + ": " : "--admin: ") + e.getMessage());
            }
        }
        return new AdminTargets(clients, demo ? "the demo in " + demoDir : "--admin");
    }

    private static List<String> demoMembers(Path demoDir) {
        Path file = demoDir.resolve(MEMBERS_FILE);
        if (!Files.isRegularFile(file)) {
            throw new UsageException("no --admin URL given and no demo found: " + file
                    + " does not exist (expected: --admin URL, or a demo started with ./tandem demo)");
        }
        List<String> urls;
        try {
            urls = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read (" + e.getClass().getSimpleName() + ")");
        }
        if (urls.isEmpty()) {
            throw new UsageException(file + ": no admin URL (expected: one http://host:port a line)");
        }
        return urls;
    }

    private static Optional<String> token(Path tokenFile, Map<String, String> env) {
        if (tokenFile != null) {
            return Optional.of(readToken(tokenFile, "--token-file " + tokenFile));
        }
        String value = env.get(TOKEN_ENV);
        if (value != null) {
            return Optional.of(checked(value.strip(), TOKEN_ENV));
        }
        return Optional.empty();
    }

    private static Optional<String> demoToken(Path demoDir) {
        Path file = demoDir.resolve(TOKEN_FILE);
        return Files.isRegularFile(file) ? Optional.of(readToken(file, file.toString())) : Optional.empty();
    }

    private static String readToken(Path file, String what) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException(what + ": cannot read (" + e.getClass().getSimpleName() + ")");
        }
        return checked(lines.isEmpty() ? "" : lines.get(0).strip(), what);
    }

    /** The same bounds as the members apply, so a mistake is reported here rather than as a 401. */
    private static String checked(String token, String what) {
        if (token.isEmpty()) {
            throw new UsageException(what + ": empty (expected: the admin token on the first line)");
        }
        if (token.length() < TokenHashes.MIN_TOKEN_LENGTH || token.length() > TokenHashes.MAX_TOKEN_LENGTH) {
            throw new UsageException(what + ": a token of " + token.length() + " characters (expected: "
                    + TokenHashes.MIN_TOKEN_LENGTH + ".." + TokenHashes.MAX_TOKEN_LENGTH + ")");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new UsageException(what + ": character " + (i + 1)
                        + " of the token is not printable ASCII (expected: a bearer token without spaces)");
            }
        }
        return token;
    }
}
