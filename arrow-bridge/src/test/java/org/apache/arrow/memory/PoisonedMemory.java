package org.apache.arrow.memory;

import org.apache.arrow.memory.unsafe.UnsafeAllocationManager;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * A RootAllocator whose new memory is filled with 0xA5 instead of whatever malloc returns, so a test
 * sees any byte a decoder exposes without writing it (a null slot, a tail bit, an offset). In Arrow's
 * package (test code only) because the allocator configuration that takes a memory factory is
 * package-private.
 */
public final class PoisonedMemory extends AllocationManager {
  public static final byte POISON = (byte) 0xA5;

  private static final Factory FACTORY = new Factory() {
    @Override
    public AllocationManager create(BufferAllocator accountingAllocator, long size) {
      return new PoisonedMemory(accountingAllocator, size);
    }

    @Override
    public ArrowBuf empty() {
      return UnsafeAllocationManager.FACTORY.empty();
    }
  };

  private final long address;
  private final long size;

  private PoisonedMemory(BufferAllocator accountingAllocator, long size) {
    super(accountingAllocator);
    this.size = size;
    this.address = MemoryUtil.allocateMemory(size);
    MemoryUtil.setMemory(address, size, POISON);
  }

  /** A root allocator handing out poisoned memory. */
  public static RootAllocator allocator() {
    return new RootAllocator(ImmutableConfig.builder().allocationManagerFactory(FACTORY).build());
  }

  @Override
  public long getSize() {
    return size;
  }

  @Override
  protected long memoryAddress() {
    return address;
  }

  @Override
  protected void release0() {
    MemoryUtil.freeMemory(address);
  }
}
