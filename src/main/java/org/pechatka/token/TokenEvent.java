package org.pechatka.token;

/** A token was inserted or removed. */
public sealed interface TokenEvent {

    /** The token concerned. */
    String tokenId();

    /** A token appeared. */
    record Inserted(TokenInfo token) implements TokenEvent {
        @Override
        public String tokenId() {
            return token.tokenId();
        }
    }

    /** A token went away. */
    record Removed(String tokenId) implements TokenEvent {}
}
