package org.pechatka.token;

import java.util.Arrays;

/** The answer of a {@link PinSource}. */
public sealed interface PinResponse {

    /** A PIN typed by the person. The token layer wipes the array after use. */
    record Pin(char[] value) implements PinResponse {
        public Pin {
            if (value == null) {
                throw new IllegalArgumentException("PIN must not be null");
            }
        }

        /** Overwrites the PIN in memory. */
        public void wipe() {
            Arrays.fill(value, '\0');
        }

        @Override
        public String toString() {
            return "Pin[****]";
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** The person enters the PIN on the reader's PIN pad; the token layer logs in with no PIN. */
    record PinPad() implements PinResponse {}
}
