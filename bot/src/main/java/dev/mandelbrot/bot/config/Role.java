package dev.mandelbrot.bot.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a configured user may do in one environment. Users not listed may only read. */
public enum Role {
    /** May run every mutating command except forced deploys and breaking someone else's lock. */
    @JsonProperty("deployer")
    DEPLOYER,
    /** A deployer who may also force a deploy without green CI and unlock anyone's lock. */
    @JsonProperty("admin")
    ADMIN;

    /** True when this role includes {@code other}. */
    public boolean includes(Role other) {
        return this == ADMIN || other == DEPLOYER;
    }
}
