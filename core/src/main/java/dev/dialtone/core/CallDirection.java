package dev.dialtone.core;

public enum CallDirection { INBOUND, OUTBOUND }
