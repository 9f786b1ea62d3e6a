#include "scenariorules.h"
