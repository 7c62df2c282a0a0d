package io.kensa.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointsTest {
    @Test
    void redactsUserInfoQueryValuesAndFragmentButKeepsWhereTheServerIs() {
        assertEquals("http://localhost:11434/v1", Endpoints.redact("http://localhost:11434/v1"));
        assertEquals("https://REDACTED@llm.example:8443/v1?key=REDACTED&api-version=REDACTED#REDACTED",
                Endpoints.redact(" https://user:pw-secret@llm.example:8443/v1?key=sk-abc123456&api-version=1#frag "));
        assertEquals("http://REDACTED@host/v1?REDACTED&a=REDACTED&", Endpoints.redact("http://tok@host/v1?sk-bare&a=&"));
        assertEquals("REDACTED", Endpoints.redact("sk-proj-0123456789"), "a key pasted into the URL field");
        assertEquals("http://REDACTED@host/v 1?x=REDACTED", Endpoints.redact("http://u:p@host/v 1?x=secret value"),
                "text java.net.URI rejects is redacted too");
        assertEquals("http://REDACTED@host/v1", Endpoints.redact("http://bob:p/ss#w0rd?x@host/v1"),
                "a password with unencoded / # ? is hidden whole");
    }

    @Test
    void secretsAreTheLongEnoughPiecesLongestFirst() {
        assertEquals(List.of("user:password1", "sk-query-key", "password1"),
                Endpoints.secrets("http://user:password1@h/v1?key=sk-query-key&v=1"));
        assertEquals(List.of(), Endpoints.secrets("http://localhost:11434/v1"));
    }
}
