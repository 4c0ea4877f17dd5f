package dev.mandelbrot.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON body of every error answer: {@code {"status":400,"error":"...","parameter":"width"}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(int status, String error, String parameter) {}
