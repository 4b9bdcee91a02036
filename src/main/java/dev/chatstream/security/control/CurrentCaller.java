package dev.chatstream.security.control;

import dev.chatstream.problems.control.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;

/** The caller of the request being served, as the authentication filter found them. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    public void set(Caller caller) {
        this.caller = caller;
    }

    /** Dependent, so each request-scoped resource gets the caller of its own request. */
    @Produces
    public Caller caller() {
        if (caller == null) {
            throw ProblemException.unauthorized("A valid bearer token is required");
        }
        return caller;
    }
}
