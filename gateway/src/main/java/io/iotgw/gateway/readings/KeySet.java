package io.iotgw.gateway.readings;

import java.util.Arrays;

/**
 * The keys seen so far on one line, to refuse a key given twice. An open-addressing table whose
 * entries belong to a generation, so that starting a new line clears it without touching the table.
 * Owned by one thread (the publisher's).
 */
final class KeySet {

    private String[] slots = new String[32];
    private int[] generations = new int[32];
    private int generation = 1;
    private int size;

    void clear() {
        size = 0;
        if (++generation == 0) { // wrapped after 4 billion lines: forget every old stamp once
            Arrays.fill(generations, 0);
            generation = 1;
        }
    }

    /** Adds the key; false when the line already had it. */
    boolean add(String key) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = spread(key.hashCode()) & mask;
        while (generations[i] == generation) {
            if (slots[i].equals(key)) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = key;
        generations[i] = generation;
        size++;
        return true;
    }

    private void grow() {
        String[] oldSlots = slots;
        int[] oldGenerations = generations;
        slots = new String[oldSlots.length * 2];
        generations = new int[oldSlots.length * 2];
        int mask = slots.length - 1;
        for (int j = 0; j < oldSlots.length; j++) {
            if (oldGenerations[j] == generation) {
                int i = spread(oldSlots[j].hashCode()) & mask;
                while (generations[i] == generation) {
                    i = (i + 1) & mask;
                }
                slots[i] = oldSlots[j];
                generations[i] = generation;
            }
        }
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
