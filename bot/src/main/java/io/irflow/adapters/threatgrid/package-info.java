/**
 * Threat Grid (Secure Malware Analytics): its module (the {@code threatgrid} section), its config, client, and sample-
 * based enrichment.
 */
package io.irflow.adapters.threatgrid;
