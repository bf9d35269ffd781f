package dev.otpguard.core.code;

import java.time.Duration;

/**
 * Where the tries of one code are taken, one slot per try. Every check of a code first takes the lowest free slot
 * of that code; a check that finds none is refused as exhausted. The challenge's own "tries left" is read and
 * written back by each request, so two requests that read it at the same moment would count as one try; a slot
 * can be taken only once, so with a store shared by every request (and node) each check is a try of its own.
 */
public interface AttemptSlots {

    /**
     * Takes try {@code attempt} (1-based) of the code {@code codeId} if no check has; true when this call took it.
     *
     * @param lifespan how long the slot must stay taken: at least as long as the code lives
     */
    boolean claim(String codeId, int attempt, Duration lifespan);

    /** Gives a taken try back, when the check it was taken for could not judge the code. */
    void release(String codeId, int attempt);
}
