package org.roomrecorder.worker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RealTimeCheckTest {
    @Test
    void rootsFullSetHasSysNice() {
        assertTrue(RealTimeCheck.hasSysNice("000001ffffffffff"));
    }

    @Test
    void theSameSetWithoutBit23HasNot() {
        assertFalse(RealTimeCheck.hasSysNice("000001ffff7fffff"));
        assertFalse(RealTimeCheck.hasSysNice("0000000000000000"));
    }
}
