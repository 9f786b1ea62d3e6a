#include "scenarioloader.h"
