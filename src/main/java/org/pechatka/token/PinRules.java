package org.pechatka.token;

/**
 * What a token says about its user PIN, for the change-PIN and unblock forms: the lengths it
 * accepts and whether an SO PIN (PUK) can set a new user PIN.
 *
 * @param minLength   shortest PIN the token accepts (at least 1)
 * @param maxLength   longest PIN the token accepts ({@code Integer.MAX_VALUE} when it gives none)
 * @param canChange   the user PIN can be changed from Pechatka
 * @param canUnblock  a new user PIN can be set after logging in with the SO PIN
 */
public record PinRules(int minLength, int maxLength, boolean canChange, boolean canUnblock) {

    /** A token whose PIN Pechatka cannot change (a key file). */
    public static final PinRules NONE = new PinRules(1, Integer.MAX_VALUE, false, false);

    public PinRules {
        minLength = Math.max(1, minLength);
        maxLength = maxLength <= 0 ? Integer.MAX_VALUE : Math.max(minLength, maxLength);
    }

    /** Whether a PIN of this length is accepted. */
    public boolean fits(int length) {
        return length >= minLength && length <= maxLength;
    }
}
