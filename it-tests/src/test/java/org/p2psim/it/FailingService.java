package org.p2psim.it;

import org.p2psim.api.spi.Service;
import org.p2psim.api.spi.ServiceContext;
import org.p2psim.api.spi.ServiceFactory;

/** A service that fails while starting, to see the error reach the parent with its stderr. */
public final class FailingService implements ServiceFactory {
  @Override
  public String name() {
    return "failing";
  }

  @Override
  public Service create(ServiceContext context) {
    return new Service() {
      @Override
      public void start() {
        throw new IllegalStateException("boom: this service fails on purpose");
      }
    };
  }
}
