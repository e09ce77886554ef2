package io.tandem.proxy.admin;

/**
 * The code of one admin route. Runs on a worker thread of the admin listener with the request
 * already authorized; returns the reply or throws {@link ProblemException}. Any other exception
 * is a bug: it becomes a 500 problem without details and is logged with its stack trace.
 */
@FunctionalInterface
interface RouteHandler {
    Reply handle(AdminRequest request) throws Exception;
}
