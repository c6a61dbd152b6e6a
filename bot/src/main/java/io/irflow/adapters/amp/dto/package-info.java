/**
 * Data records of the amp API: the vendor DTOs (only the fields irflow reads) and the client's request and reply
 * records; they never leave the amp adapter.
 */
package io.irflow.adapters.amp.dto;
