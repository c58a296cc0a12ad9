#pragma once
// The declarations live in lincheck/internal/deferred_free.hpp (the reader uses them too).
#include "lincheck/internal/deferred_free.hpp"
